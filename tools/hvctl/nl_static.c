// SPDX-License-Identifier: GPL-2.0
/*
 * Stand-ins for three name-service functions that libnl-3.a references
 * but hvctl never reaches: getaddrinfo() (nl_addr_info(), turning a
 * netlink address into a host name) and getprotobyname()/
 * getprotobynumber() (nl_ip_proto2str() and back).
 *
 * Why: in a static glibc link these functions come with a linker
 * warning ("requires at runtime the shared libraries from the glibc
 * version used for linking"), because glibc's name service loads
 * plugins with dlopen(). hvctl runs from a busybox initramfs without
 * them, and the build must stay free of warnings (tests/check.sh). A
 * definition here satisfies libnl's references first, so glibc's
 * versions, and their warnings, are never linked in. They fail the way
 * the real ones do when nothing can be looked up.
 */
#include <netdb.h>
#include <stddef.h>

int getaddrinfo(const char *node, const char *service,
		const struct addrinfo *hints, struct addrinfo **res)
{
	(void)node;
	(void)service;
	(void)hints;
	*res = NULL;
	return EAI_FAIL;
}

struct protoent *getprotobyname(const char *name)
{
	(void)name;
	return NULL;
}

struct protoent *getprotobynumber(int proto)
{
	(void)proto;
	return NULL;
}
