/* A Linux dev_t: major in bits 20-31, minor in bits 0-19. */
#pragma D option quiet

BEGIN
{
	printf("%x %x\n", getmajor(0xabcdef0123456789ll), getminor(0xabcdef0123456789ll));
	printf("%d %d\n", getmajor((8 << 20) | 1), getminor((8 << 20) | 1));
	exit(0);
}
