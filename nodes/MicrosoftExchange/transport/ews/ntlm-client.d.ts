/** Types for the parts of @ewsjs/ntlm-client (shipped without typings) that the NTLM provider uses. */
declare module '@ewsjs/ntlm-client' {
	export interface Type2Message {
		challenge: Buffer;
	}
	export function createType1Message(workstation: string, domain: string): string;
	export function decodeType2Message(header: string): Type2Message;
	export function createType3Message(
		type2: Type2Message,
		username: string,
		password: string,
		workstation: string,
		domain: string,
	): string;
}
