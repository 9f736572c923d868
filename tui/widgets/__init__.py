"""The widgets of conflict-tui: the Line-API timeline, the detail pane, the overview axis."""
