"""What people read and share: summaries, text reports and files written from a plan."""
