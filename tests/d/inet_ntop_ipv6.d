/* inet_ntop() and inet_ntoa6() of IPv6 addresses built word by word in
   scratch: the first longest run of two or more zero groups is "::", a
   lone zero group stays, and embedded IPv4 addresses end dotted. Each
   clause starts from zeroed scratch. */
#pragma D option quiet

struct in6_addr *a;

/* 2001:db8:0:0:0:8:800:417a */
BEGIN
{
	this->w = (uint16_t *)alloca(16);
	a = (struct in6_addr *)this->w;
	this->w[0] = htons(0x2001); this->w[1] = htons(0xdb8);
	this->w[5] = htons(8); this->w[6] = htons(0x800); this->w[7] = htons(0x417a);
	printf("%s\n", inet_ntop(AF_INET6, a));
	printf("%s\n", inet_ntoa6(a));
}

/* every group set: nothing to compress; then one zero group in the
   middle, then at the end: both stay "0" */
BEGIN
{
	this->w = (uint16_t *)alloca(16);
	a = (struct in6_addr *)this->w;
	this->w[0] = htons(0x2001); this->w[1] = htons(0xdb8);
	this->w[2] = htons(0x85a3); this->w[3] = htons(1);
	this->w[4] = htons(2); this->w[5] = htons(0x8a2e);
	this->w[6] = htons(0x370); this->w[7] = htons(0x7334);
	printf("%s\n", inet_ntop(AF_INET6, a));
	this->w[3] = 0;
	printf("%s\n", inet_ntop(AF_INET6, a));
	this->w[3] = htons(1); this->w[7] = 0;
	printf("%s\n", inet_ntop(AF_INET6, a));
}

/* two runs of two: the first is compressed; a longer later run wins */
BEGIN
{
	this->w = (uint16_t *)alloca(16);
	a = (struct in6_addr *)this->w;
	this->w[0] = htons(0x2001); this->w[3] = htons(1);
	this->w[6] = htons(0x370); this->w[7] = htons(1);
	printf("%s\n", inet_ntop(AF_INET6, a));
	this->w[6] = 0;
	printf("%s\n", inet_ntop(AF_INET6, a));
	this->w[7] = 0;
	printf("%s\n", inet_ntop(AF_INET6, a));
}

/* all zero, loopback, then IPv4-mapped and IPv4-compatible */
BEGIN
{
	this->w = (uint16_t *)alloca(16);
	a = (struct in6_addr *)this->w;
	printf("%s\n", inet_ntop(AF_INET6, a));
	this->w[7] = htons(1);
	printf("%s\n", inet_ntoa6(a));
	this->w[5] = htons(0xffff); this->w[6] = htons(0x0a01); this->w[7] = htons(0x0203);
	printf("%s %s %s\n", inet_ntop(AF_INET6, a), inet_ntoa6(a), inet_ntoa6(a, 1));
	this->w[5] = 0; this->w[6] = htons(0xc000); this->w[7] = htons(0x0221);
	printf("%s %s %s\n", inet_ntop(AF_INET6, a), inet_ntoa6(a), inet_ntoa6(a, 0));
	this->w[5] = htons(0xfffe);
	printf("%s\n", inet_ntoa6(a));
	exit(0);
}
