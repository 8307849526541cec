"""Benchmarks of soe-ai-kg, run on demand: ``python -m benchmarks`` (see README, Performance)."""
