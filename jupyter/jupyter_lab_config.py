# The project's JupyterLab configuration, read by `make lab` (which puts this folder first on
# JUPYTER_CONFIG_PATH, above ~/.jupyter and the environment's own configuration).
#
# Why: strikebook is used on cases that must not leave the machine, on laptops that may be offline or
# watched. Out of the box JupyterLab asks the internet for news (jupyterlab.github.io) and for newer
# versions (pypi.org), and its extension manager looks up every installed extension on pypi.org. Here
# all three are off, so `make lab` makes no request outside the machine; labconfig/page_config.json
# also disables the two browser plugins that would ask for them.

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

c.LabApp.news_url = None  # no news feed fetched
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"  # no version check on pypi.org
c.LabApp.extension_manager = "readonly"  # lists installed extensions only: no pypi.org look-ups
