"""qResNet / qTransformer networks: spec, shapes, lowering, report (seed 000 §III)."""
