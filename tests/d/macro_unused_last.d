/* Two arguments given, only $1 used: DTrace refuses the script (the
 * second one likely meant another script), naming the last argument. */
BEGIN
{
	printf("%d\n", $1);
	exit(0);
}
