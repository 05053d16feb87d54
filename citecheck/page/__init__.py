"""page stage."""
