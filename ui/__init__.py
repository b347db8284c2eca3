"""The NiceGUI front end: frames, pages, components, live updates and the translation catalog.

Pages close over the ``Services`` container handed to ``register``; they never touch
persistence or tasks, and they decide nothing about authorization (the services do).
"""
