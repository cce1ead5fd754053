"""Sailing-time derivations from the data set: kits, sea distances, sailing windows."""
