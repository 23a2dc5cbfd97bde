from officials.tests.fixtures import *  # noqa: F403
