"""Benchmarks: each bench_<name>.py measures against a baseline in the same run."""
