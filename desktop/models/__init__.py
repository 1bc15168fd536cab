"""Qt models over the match state: what the views show, testable without widgets."""
