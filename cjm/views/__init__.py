"""Views of maps for readers: the outline, the semantic diff, compare and the cross-map report."""
