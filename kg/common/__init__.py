"""Small helpers every layer may use: atomic file writes, memory limits, progress
reports, pausing the garbage collector, what a terminal shows.
It imports only :mod:`kg.errors`: every other room may import it.
"""
