"""The demo ward and the generated city: above every other app, so none of them imports it
(`people` keeps only the row generator, `demo_data.py`)."""
