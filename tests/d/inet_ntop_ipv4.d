/* inet_ntop(AF_INET, addr): four bytes in address order, from scratch or
   from kernel memory ("Linu" of the banner is 76.105.110.117); the
   family may be known only at run time; another family is an illegal
   operation and a NULL address an invalid one, as in DTrace. */
#pragma D option quiet

BEGIN
{
	this->ip = (ipaddr_t *)alloca(sizeof(ipaddr_t));
	*this->ip = htonl(0xc0000221);
	printf("%s\n", inet_ntop(AF_INET, this->ip));
	*this->ip = htonl(0xffffffff);
	this->af = AF_INET6 - 8;
	printf("%s\n", inet_ntop(this->af, (void *)this->ip));
	printf("%s\n", inet_ntop(AF_INET, (void *)&`linux_banner));
	printf("%d %d\n", AF_INET, AF_INET6);
}

BEGIN
{
	this->ip = (ipaddr_t *)alloca(sizeof(ipaddr_t));
	printf("%s\n", inet_ntop(26, this->ip));
}

BEGIN
{
	trace(inet_ntoa6(NULL));
}

BEGIN
{
	this->p = (struct in6_addr *)0;
	trace(inet_ntop(AF_INET6, this->p));
}

ERROR
{
	printf("error %d %d\n", arg4, arg5);
}

BEGIN
{
	exit(0);
}
