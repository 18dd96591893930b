/* link_ntop(): an Ethernet (6 bytes) or InfiniBand (20 bytes) hardware
   address as colon-separated hex bytes, the type known at compile time
   or at run time; another type is an illegal operation and a NULL
   address an invalid one, as in DTrace. */
#pragma D option quiet

BEGIN
{
	this->mac = (uint64_t *)alloca(8);
	*this->mac = htonll(0x0a1b2c3d4e5f << 16);
	printf("%s\n", link_ntop(ARPHRD_ETHER, this->mac));
	this->type = ARPHRD_ETHER;
	*this->mac = htonll(0x000000fe0001 << 16);
	printf("%s\n", link_ntop(this->type, (void *)this->mac));
}

BEGIN
{
	this->ib = (uint8_t *)alloca(20);
	this->ib[0] = 0x80; this->ib[7] = 0x7a; this->ib[13] = 0x02;
	this->ib[19] = 0xcd;
	printf("%s\n", link_ntop(ARPHRD_INFINIBAND, this->ib));
}

BEGIN
{
	this->mac = (uint64_t *)alloca(8);
	printf("%s\n", link_ntop(ARPHRD_ETHER + 1, this->mac));
}

BEGIN
{
	this->p = (uint8_t *)0;
	printf("%s\n", link_ntop(ARPHRD_ETHER, this->p));
}

ERROR
{
	printf("error %d %d\n", arg4, arg5);
}

BEGIN
{
	exit(0);
}
