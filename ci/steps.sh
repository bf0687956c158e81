# Sourced by ci/test.sh and ci/full.sh: each step's wall time and exit, printed as it ends
# and again in a table at the end (also when a step fails), so a slow run says where its
# time went.
step_names=()
step_seconds=()
step_statuses=()
steps_started=$SECONDS
step() {  # step NAME command…: runs the command, returns its exit code
  local name=$1 started=$SECONDS status=0
  shift
  echo "== $(basename "$0"): $name"
  "$@" || status=$?
  step_names+=("$name")
  step_seconds+=($((SECONDS - started)))
  step_statuses+=("$status")
  echo "== $(basename "$0"): $name: $((SECONDS - started)) s (exit $status)"
  return "$status"
}
print_steps() {
  local i
  echo "== $(basename "$0"): time per step"
  for i in "${!step_names[@]}"; do
    printf '  %6d s  exit %d  %s\n' "${step_seconds[$i]}" "${step_statuses[$i]}" "${step_names[$i]}"
  done
  printf '  %6d s  total\n' $((SECONDS - steps_started))
}
trap print_steps EXIT
