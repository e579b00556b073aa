"""sitreps: news articles about armed conflict in, sourced conflict events out.

The pipeline, one folder a stage:
read -> nlp -> detect -> attach -> resolve -> merge -> store -> export / serve.
`sitreps.pipeline` strings them together; the CLI and the API are thin skins over it.
"""

__version__ = "0.1.0"
