"""The scorer app's widgets: each shows a model and emits intents, none touches the network."""
