"""Other formats in and out: Mermaid journey diagrams, Markdown, a metrics CSV."""
