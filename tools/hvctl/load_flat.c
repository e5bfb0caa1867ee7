// SPDX-License-Identifier: GPL-2.0
/*
 * Flat binary loader; see load_flat.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/hvctl/load_flat.h"

bool flat_fits(u64 file_size, u64 load_addr, u64 ram_size)
{
	/* "load_addr + file_size <= ram_size" without the overflow */
	return load_addr <= ram_size && file_size <= ram_size - load_addr;
}

/*
 * Open @path for reading and return its size: it must be a regular file
 * (a FIFO or a directory has no size to place in guest RAM). Shared by
 * every loader. Returns the fd, or -1 with a message in @err.
 */
int hv_open_regular(const char *path, u64 *size, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot stat %s: %s", path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s is not a regular file", path);
		close(fd);
		return -1;
	}
	*size = (u64)st.st_size;
	return fd;
}

int load_flat(const char *path, u8 *ram, u64 ram_size, u64 load_addr,
	      u64 *loaded, char *err, size_t errlen)
{
	u64 size, done = 0;
	int fd;

	fd = hv_open_regular(path, &size, err, errlen);
	if (fd < 0)
		return -1;
	if (size == 0) {
		snprintf(err, errlen, "%s is empty: nothing to run", path);
		goto fail;
	}
	if (!flat_fits(size, load_addr, ram_size)) {
		snprintf(err, errlen,
			 "%s (%llu bytes) does not fit in guest RAM at 0x%llx: only %llu bytes before the end of --mem (0x%llx); use a larger --mem or a lower --load-addr",
			 path, (unsigned long long)size,
			 (unsigned long long)load_addr,
			 (unsigned long long)(load_addr < ram_size ?
					      ram_size - load_addr : 0),
			 (unsigned long long)ram_size);
		goto fail;
	}

	/* read() may return less than asked for; loop until done. */
	while (done < size) {
		ssize_t n = read(fd, ram + load_addr + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "cannot read %s: %s", path,
				 strerror(errno));
			goto fail;
		}
		if (n == 0) {
			snprintf(err, errlen,
				 "%s shrank while being read (%llu of %llu bytes)",
				 path, (unsigned long long)done,
				 (unsigned long long)size);
			goto fail;
		}
		done += (u64)n;
	}
	close(fd);
	*loaded = size;
	return 0;
fail:
	close(fd);
	return -1;
}
