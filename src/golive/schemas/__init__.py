"""JSON Schemas shipped with golive (generated from the models; see golive._schemas)."""
