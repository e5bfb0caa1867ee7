/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Flat binary loader: copy a file byte for byte into guest RAM at a
 * guest-physical address. No headers, no relocation: what the file holds
 * at offset N ends up at load_addr + N.
 */
#ifndef HVCTL_LOAD_FLAT_H
#define HVCTL_LOAD_FLAT_H

#include "vmx/pure.h"

/*
 * Does an image of file_size bytes fit at load_addr in ram_size bytes of
 * RAM? Pure, and careful not to overflow for huge values.
 */
bool flat_fits(u64 file_size, u64 load_addr, u64 ram_size);

/*
 * Load path into ram (the host mapping of guest-physical 0..ram_size).
 * On success returns 0 and stores the image size in *loaded. On failure
 * returns -1 with a message (no "hvctl:" prefix) in err: missing or
 * unreadable file, not a regular file, empty file, or an image that
 * does not fit between load_addr and the end of RAM.
 */
int load_flat(const char *path, u8 *ram, u64 ram_size, u64 load_addr,
	      u64 *loaded, char *err, size_t errlen);

int hv_open_regular(const char *path, u64 *size, char *err, size_t errlen);

#endif /* HVCTL_LOAD_FLAT_H */
