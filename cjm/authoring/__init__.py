"""Starting maps: templates, `cjm new`'s questions and `cjm init`."""
