# Run in a fresh folder before each console example of the docs (tests/test_docs_console.py):
# the folder the init example starts in, and a git history in which maps/sally.yaml changed
# (main holds the earlier version; the branch topic, checked out, the current one).
set -euo pipefail
mkdir our-journeys
git init -q -b main
git config user.name "Docs Example" && git config user.email docs@example.invalid
sed -i '0,/emotion: 2/s//emotion: 3/' maps/sally.yaml
git add maps && git commit -q -m "Sally, as first drawn"
git checkout -q -b topic
cp samples/sally.yaml maps/sally.yaml
git commit -q -am "Sally after the interviews"
