"""Natural quantization of neural networks (seed 001): qubit neurons, trained and costed."""
