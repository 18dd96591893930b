/* exit_creds() returns void: its return probe has args[0] only. */
fbt::exit_creds:return
{
	trace(args[1]);
}
