import pytest

from tests.harness import Harness


@pytest.fixture
async def bot():
    async with Harness() as harness:
        yield harness
