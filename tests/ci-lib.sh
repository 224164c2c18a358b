# Helpers shared by the CI scripts under tests/ (sourced, not run). The sourcing script sets
# `script` (its name in messages) and, for the Python helpers, `python` (the interpreter).
# shellcheck shell=bash

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

say() { printf '%s: %s\n' "$script" "$*" >&2; }

# Runs a command up to three times: a registry hiccup should not fail CI.
retry() {
  local n
  for n in 1 2 3; do
    "$@" && return 0
    say "attempt $n of: $* failed"
    sleep $((n * 5))
  done
  return 1
}

# python_reuse STATE: sets $py (and PYTHONPATH) to an install python_install made in STATE,
# if there is one; returns 1 if there is none.
python_reuse() {
  local state="$1"
  if [ -x "$state/venv/bin/python" ]; then
    py="$state/venv/bin/python"
  elif [ -d "$state/site" ]; then
    py="$python"
    export PYTHONPATH="$state/site${PYTHONPATH:+:$PYTHONPATH}"
  else
    return 1
  fi
}

# python_install STATE REQUIREMENTS: installs REQUIREMENTS into a venv STATE/venv; on a
# Debian without a usable venv module (no python3-venv, no ensurepip), into STATE/site on
# PYTHONPATH instead. Sets $py.
python_install() {
  local state="$1" requirements="$2"
  rm -rf "$state/venv" "$state/site"
  mkdir -p "$state"
  if "$python" -m venv "$state/venv" >/dev/null 2>&1 && "$state/venv/bin/python" -m pip --version >/dev/null 2>&1; then
    py="$state/venv/bin/python"
    say "installing $requirements into the venv $state/venv"
    retry "$py" -m pip install --quiet -r "$requirements"
  else
    rm -rf "$state/venv"
    py="$python"
    say "no usable venv module; installing $requirements into $state/site (PYTHONPATH)"
    PIP_BREAK_SYSTEM_PACKAGES=1 retry "$py" -m pip install --quiet --target "$state/site" -r "$requirements"
    export PYTHONPATH="$state/site${PYTHONPATH:+:$PYTHONPATH}"
  fi
}
