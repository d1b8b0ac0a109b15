"""QAM: fixed-point arithmetic on digitally encoded registers (seed 000, §II.3.2, appendix B)."""
