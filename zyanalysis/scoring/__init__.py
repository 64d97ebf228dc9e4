"""Scoring stage: functions of tables (frames in, frames out)."""
