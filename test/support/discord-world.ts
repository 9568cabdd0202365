import { FakeDiscord, FakeUser } from './fake-discord';
import { FakeDiscordGateway } from './fake-discord-gateway';
import type { VisibleMessage } from './fake-discord-interactions';

/** Ids of the fake Discord the bot tests share: one team server, one staff server. */
export const BOT_TOKEN = 'fake-bot-token';
export const APPLICATION_ID = '900000000000000001';
export const TEAM = '910000000000000001';
export const STAFF = '910000000000000002';
export const ROLES = { admin: '920000000000000001', committee: '920000000000000002', member: '920000000000000003' };
export const CHANNELS = { general: '930000000000000001', news: '930000000000000002', staffRoom: '930000000000000003' };

/** alice: Admin in both servers; sam: Steering Committee in staff only; bob: a member; carol: in neither server. */
export const alice: FakeUser = { id: '940000000000000001', username: 'alice' };
export const bob: FakeUser = { id: '940000000000000002', username: 'bob' };
export const carol: FakeUser = { id: '940000000000000003', username: 'carol' };
export const sam: FakeUser = { id: '940000000000000004', username: 'sam' };

/** A fake Discord (REST and gateway) with the servers, roles, channels and people above. */
export async function startFakeDiscord(): Promise<{ discord: FakeDiscord; gateway: FakeDiscordGateway }> {
  const discord = await new FakeDiscord(BOT_TOKEN, { id: APPLICATION_ID, name: 'Switchyard Test' }).start();
  discord.addGuild({
    id: TEAM,
    name: 'Acme Team',
    roles: [
      { id: ROLES.admin, name: 'Admin' },
      { id: ROLES.member, name: 'Member' },
    ],
    channels: [
      { id: CHANNELS.general, name: 'general', type: 0 },
      { id: CHANNELS.news, name: 'news', type: 5 },
    ],
  });
  discord.addGuild({
    id: STAFF,
    name: 'Acme Staff',
    roles: [{ id: ROLES.committee, name: 'Steering Committee' }],
    channels: [{ id: CHANNELS.staffRoom, name: 'staff-room', type: 0 }],
  });
  discord.addMember(TEAM, alice, [ROLES.admin, ROLES.member]);
  discord.addMember(TEAM, bob, [ROLES.member]);
  discord.addMember(TEAM, sam, [ROLES.member]);
  discord.addMember(STAFF, alice, []);
  discord.addMember(STAFF, sam, [ROLES.committee]);
  const gateway = await new FakeDiscordGateway(discord, { heartbeatIntervalMs: 1000 }).start();
  return { discord, gateway };
}

/** Environment for a process talking to the fake Discord; the admin roles are Admin (team) and Steering Committee (staff). */
export const discordEnv = (discord: FakeDiscord, extra: Record<string, string> = {}) => ({
  DISCORD_BOT_TOKEN: BOT_TOKEN,
  DISCORD_APPLICATION_ID: APPLICATION_ID,
  DISCORD_API_URL: discord.apiUrl,
  DISCORD_ADMIN_ROLE_IDS: `${ROLES.admin},${ROLES.committee}`,
  ...extra,
});

/** Everything a person reads in a message: content, embed titles, descriptions, fields and footers. */
export function textOf(message: VisibleMessage): string {
  const embeds = message.embeds.flatMap((e: any) => [
    e.title,
    e.description,
    ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value]),
    e.footer?.text,
  ]);
  return [message.content, ...embeds].filter(Boolean).join('\n');
}

/** The custom ids and labels of the buttons on a message. */
export const buttonsOf = (message: VisibleMessage): { id: string; label: string; disabled: boolean }[] =>
  message.components
    .flatMap((row: any) => row.components)
    .map((b: any) => ({ id: b.custom_id, label: b.label, disabled: b.disabled === true }));
