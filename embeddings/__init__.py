"""Sentence embeddings on this machine: the model behind discovery by meaning."""

from embeddings.encoders import MODELS, Encoder, UnknownModel, load

__all__ = ["MODELS", "Encoder", "UnknownModel", "load"]
