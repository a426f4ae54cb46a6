"""The MkDocs plugin (``plugins: - paper-notes``): the only part of Paper Notes that knows MkDocs and Material.

Laid out like Material's own plugins: ``config.py`` declares the options, ``plugin.py`` wires
the events, and the work is in a file per concern: ``site.py`` (a build and the pages it adds),
``page.py`` (the page class of generated pages), ``macros.py`` (hand-written pages' macros),
``search.py`` (search's index and worker), ``output.py`` (finished pages), ``serve.py`` (what
`mkdocs serve` keeps between rebuilds, and the error overlay) and ``assets.py`` (the files it adds).
"""
