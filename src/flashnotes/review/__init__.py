"""FSRS scheduling, review state and sessions, statistics and the terminal display."""
