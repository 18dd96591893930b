BEGIN
{
	/* Kernel typedefs (BTF) in casts and sizeof, as DTrace knows them. */
	x = 0x18000;
	printf("%d %d %d %d\n", sizeof(u64), sizeof(loff_t), (u8)0x1234, (s16)x);
	exit(0);
}
