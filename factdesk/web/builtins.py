"""Built-in search providers, registered as a plugin would register its own."""

from factdesk.web import brave, searxng, serper  # noqa: F401 - importing registers them
