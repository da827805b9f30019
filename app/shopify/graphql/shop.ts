/**
 * The shop's own settings the program needs: currency (all amounts are shop money) and time zone (calendar-year
 * tier windows). Read once after install/auth and stored on the Program row.
 */
import type { AdminGraphql } from "../admin-graphql.server";

export const SHOP_SETTINGS = `#graphql
  query ShopSettings {
    shop {
      currencyCode
      ianaTimezone
    }
  }
`;

export interface ShopSettingsResult {
  shop: { currencyCode: string; ianaTimezone: string };
}

export async function fetchShopSettings(admin: AdminGraphql): Promise<{ currency: string; timezone: string }> {
  const { shop } = await admin<ShopSettingsResult>(SHOP_SETTINGS);
  return { currency: shop.currencyCode, timezone: shop.ianaTimezone };
}
