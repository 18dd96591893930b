/*
 * With rawbytes a traced string is dumped as DTrace dumps a string
 * record: strsize + 1 bytes, the characters and then NULs.
 */
#pragma D option rawbytes
#pragma D option strsize=5
BEGIN
{
	trace("abcdefgh");
	trace(strjoin("", "12"));
	trace(probeprov);
	exit(0);
}
