"""Benchmarks: each module bench_<name>.py measures against a baseline in the same run."""
