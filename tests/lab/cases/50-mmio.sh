#!/bin/sh
# mmio.bin writes 4 bytes 0x12345678 to 0xd0000010 and 1 byte 0xab to
# 0xd0000020 in hvctl's scratch MMIO device, reads both back, reads 2 bytes
# at 0xd0000ff0 (never written: 0), prints MMIO_OK and exits with 0 through
# port 0xf4 (status 1). --trace logs every MMIO exit on stderr.
. /lablib.sh
need "$DEV" "$HVCTL" /guests/mmio.bin
O=$LAB_STATE/mmio.out E=$LAB_STATE/mmio.err
$HVCTL run --flat /guests/mmio.bin $FLAT_ARGS --trace >"$O" 2>"$E"; rc=$?
show stdout "$O"
echo "--- stderr, mmio lines:"; clean "$E" | grep -i mmio | head -20
clean "$O" | grep -q 'MMIO_OK' || fail "no MMIO_OK on the UART (rc=$rc)"
[ $rc = 1 ] || fail "exit status $rc, expected 1"
# each trace line: exact address, length and data, nothing after the data
for l in \
  'mmio write addr=0xd0000010 len=4 data=0x12345678' \
  'mmio write addr=0xd0000020 len=1 data=0xab' \
  'mmio read addr=0xd0000010 len=4 data=0x12345678' \
  'mmio read addr=0xd0000020 len=1 data=0xab'; do
  clean "$E" | grep -qE "$l[[:space:]]*\$" || fail "trace lacks '$l'"
done
clean "$E" | grep -qE 'mmio read addr=0xd0000ff0 len=2 data=0x0+[[:space:]]*$' ||
  fail "trace lacks 'mmio read addr=0xd0000ff0 len=2 data=0x0'"
ok "MMIO_OK, exit status 1, trace lines exact"
