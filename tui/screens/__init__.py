"""The screens of conflict-tui: the main explorer and its dialogs."""
