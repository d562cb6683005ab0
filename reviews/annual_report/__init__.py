"""The annual report: statistics, document, charts and the render task."""
