"""Component-class styles as Textual itself would draw them, for widgets that build Rich text.

`Widget.get_component_rich_style(name, partial=True)` keeps only what the rule sets, which is
what text drawn over the widget (or over the cursor row) needs, but it drops the alpha of a
colour: ``$foreground-muted`` comes back as the full foreground and
``$block-cursor-blurred-background`` as the focused cursor's colour. Muted text then reads
like body text, and, in 256 colours and with NO_COLOR, the overview's empty years look busier
than its bars. `component_style` keeps the partial style and takes the colours, blended over
the widget's background, from the full one.
"""

from __future__ import annotations

from rich.style import Style
from textual.dom import DOMNode


def component_style(node: DOMNode, name: str) -> Style:
    """The style of component class ``name`` of ``node``: only what it sets, colours blended."""
    partial = node.get_component_rich_style(name, partial=True)
    full = node.get_component_rich_style(name)
    return partial + Style(
        color=full.color if partial.color is not None else None,
        bgcolor=full.bgcolor if partial.bgcolor is not None else None,
    )
