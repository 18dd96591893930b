/* inet_ntoa() of an ipaddr_t in kernel memory: its four bytes in
   address order, dotted ("Linu" of the banner is 76.105.110.117). */
#pragma D option quiet

BEGIN
{
	printf("%s\n", inet_ntoa((ipaddr_t *)&`linux_banner));
	exit(0);
}
