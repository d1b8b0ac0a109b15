"""Estimators: everything that turns logical circuits into model totals, readout repetitions
and physical cost."""
