"""The compiler: model files (parse, validate), lowering per model kind, reports and the CLI."""
