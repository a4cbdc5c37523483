import { loadConfig } from '@loyalty/shared';
import { notificationsOptionsOf } from '../notifications.module';

describe('notification options from the environment', () => {
  const smtpOf = (SMTP_URL: string) => notificationsOptionsOf(loadConfig({ SMTP_URL, SMTP_FROM: 'noreply@shop.example.cn' })).smtp;

  it('takes SMTP over STARTTLS (smtp://) or TLS from the start (smtps://, port 465), with the credentials the URL carries', () => {
    expect(smtpOf('smtp://relay.internal')).toEqual({ host: 'relay.internal', port: 25, from: 'noreply@shop.example.cn', tls: 'starttls', auth: undefined });
    expect(smtpOf('smtp://shop%40example.cn:p%40ss@smtp.example.cn:587')).toMatchObject({ port: 587, tls: 'starttls', auth: { user: 'shop@example.cn', password: 'p@ss' } });
    expect(smtpOf('smtps://shop%40example.cn:secret@smtp.example.cn')).toMatchObject({ port: 465, tls: 'implicit', auth: { user: 'shop@example.cn', password: 'secret' } });
  });

  it('refuses another scheme with the variable named', () => {
    expect(() => smtpOf('http://smtp.example.cn')).toThrow(/SMTP_URL/);
  });
});
