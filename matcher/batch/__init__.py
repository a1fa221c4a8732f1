"""Re-score stored requests in runs: read the input, score, write the output."""
